// node-fetch only needs URL from whatwg-url; Node has had a standard one since v10.
module.exports = { URL: require('url').URL };

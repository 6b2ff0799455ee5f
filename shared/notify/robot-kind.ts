/**
 * Which custom robot a webhook URL belongs to, from its host, else from its path (a relay or a test
 * stand-in keeps the robot's path): DingTalk `oapi.dingtalk.com/robot/send`, Lark (Feishu)
 * `open.feishu.cn` / `open.larksuite.com` `/open-apis/bot/v2/hook/<token>`, WeCom
 * `qyapi.weixin.qq.com/cgi-bin/webhook/send`. docs/api-facts.md § "Webhook: DingTalk", § "Webhook: Lark",
 * § "Webhook: WeCom".
 */
export type RobotKind = 'dingtalk' | 'lark' | 'wecom';

const HOSTS: ReadonlyArray<[RegExp, RobotKind]> = [
  [/^oapi\.dingtalk\.com$/i, 'dingtalk'],
  [/^open\.(feishu\.cn|larksuite\.com|larkoffice\.com)$/i, 'lark'],
  [/^qyapi\.weixin\.qq\.com$/i, 'wecom'],
];

const PATHS: ReadonlyArray<[RegExp, RobotKind]> = [
  [/^\/robot\/send\/?$/, 'dingtalk'],
  [/^\/open-apis\/bot\/v2\/hook\/[^/]+\/?$/, 'lark'],
  [/^\/cgi-bin\/webhook\/send\/?$/, 'wecom'],
];

/** The robot the URL addresses, or undefined when neither its host nor its path says. */
export function robotKind(url: URL): RobotKind | undefined {
  for (const [host, kind] of HOSTS) if (host.test(url.hostname)) return kind;
  for (const [path, kind] of PATHS) if (path.test(url.pathname)) return kind;
  return undefined;
}

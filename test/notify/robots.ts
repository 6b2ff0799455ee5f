/** What each robot requires of a text message, as their documents describe it. */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** DingTalk custom robot: {"msgtype": "text", "text": {"content": ...}}. */
export function dingTalkText(body: Json): string | undefined {
  return body.msgtype === 'text' && isObject(body.text) && typeof body.text.content === 'string' ? body.text.content : undefined;
}

/** WeCom group robot: the same shape; text.content at most 2048 bytes (UTF-8). */
export function weComText(body: Json): string | undefined {
  const text = dingTalkText(body);
  return text !== undefined && Buffer.byteLength(text, 'utf8') <= 2048 ? text : undefined;
}

/** Lark (Feishu) custom bot: {"msg_type": "text", "content": {"text": ...}}. */
export function larkText(body: Json): string | undefined {
  return body.msg_type === 'text' && isObject(body.content) && typeof body.content.text === 'string' ? body.content.text : undefined;
}

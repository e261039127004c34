/**
 * The Jupyter messaging protocol's wire format (version 5.3): signing, framing and
 * parsing of the multipart messages a kernel exchanges over zeromq.
 *
 * Hand-written because no maintained npm package speaks the client side of this protocol
 * without a browser or a Jupyter server (`@jupyterlab/services` needs a running server);
 * it is a few dozen lines of the spec at
 * jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** The delimiter between zeromq routing identities and the message proper. */
const DELIMITER = '<IDS|MSG>';

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A decoded Jupyter message. */
export interface JupyterMessage<Content = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
}

/** Builds a new request message of `msgType` for `session`. */
export function newMessage<Content>(
  msgType: string,
  session: string,
  content: Content,
): JupyterMessage<Content> {
  return {
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: 'grulab',
      date: new Date().toISOString(),
      version: '5.3',
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

function sign(key: string, parts: Buffer[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Encodes a message into zeromq frames, signed with HMAC-SHA256. */
export function encodeMessage(key: string, message: JupyterMessage<unknown>): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map(
    (part) => Buffer.from(JSON.stringify(part)),
  );
  return [Buffer.from(DELIMITER), Buffer.from(sign(key, parts)), ...parts];
}

/**
 * Decodes zeromq frames into a message, checking the signature.
 *
 * @throws Error when the delimiter is missing or the signature does not match.
 */
export function decodeMessage(key: string, frames: Buffer[]): JupyterMessage {
  const at = frames.findIndex((frame) => frame.toString() === DELIMITER);
  if (at < 0) throw new Error('Jupyter message without the <IDS|MSG> delimiter');
  const signature = frames[at + 1].toString();
  const parts = frames.slice(at + 2, at + 6);
  if (sign(key, parts) !== signature) throw new Error('Jupyter message with a bad signature');
  const [header, parent_header, metadata, content] = parts.map((part) => JSON.parse(part.toString()));
  return { header, parent_header, metadata, content };
}

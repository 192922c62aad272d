// Just enough of Kafka's wire protocol for the infra scripts to ask a broker how many brokers it knows,
// signed in with SCRAM-SHA-256 (RFC 5802) like every other client of the local broker. The infra scripts
// use Node's builtins only (they run before node_modules exists), so kafkajs is not at hand here.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import net from 'node:net';

const API = { metadata: 3, saslHandshake: 17, saslAuthenticate: 36 };
const CLIENT_ID = Buffer.from('commercex-infra');

/** One connection, one request at a time: resolves each request to its response body (after the correlation id). */
function connect(port, host, timeoutMs) {
  const socket = net.connect({ port, host });
  let buffer = Buffer.alloc(0);
  let pending = null;
  let failure = null;
  const fail = (err) => {
    failure ??= err;
    pending?.reject(failure);
    pending = null;
    socket.destroy();
  };
  socket.setTimeout(timeoutMs, () => fail(new Error(`no reply from ${host}:${port}`)));
  socket.once('error', fail);
  socket.once('close', () => fail(new Error(`${host}:${port} closed the connection`)));
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (buffer.length < 4 || buffer.length < 4 + buffer.readInt32BE(0)) return;
    const size = buffer.readInt32BE(0);
    const body = buffer.subarray(8, 4 + size); // after the size and the correlation id
    buffer = buffer.subarray(4 + size);
    const done = pending;
    pending = null;
    done?.resolve(body);
  });
  const ready = new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let correlationId = 0;
  return {
    async request(apiKey, version, body) {
      await ready;
      if (failure) throw failure;
      const header = Buffer.alloc(8 + 2);
      header.writeInt16BE(apiKey, 0);
      header.writeInt16BE(version, 2);
      header.writeInt32BE(++correlationId, 4);
      header.writeInt16BE(CLIENT_ID.length, 8);
      const message = Buffer.concat([header, CLIENT_ID, body]);
      const size = Buffer.alloc(4);
      size.writeInt32BE(message.length);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        socket.write(Buffer.concat([size, message]));
      });
    },
    close: () => socket.destroy(),
  };
}

const string16 = (text) => {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(2);
  length.writeInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
};
const bytes32 = (data) => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(data.length);
  return Buffer.concat([length, data]);
};

/** SaslAuthenticate v1: sends `message`, resolves to the server's reply, or throws the broker's refusal. */
async function authenticate(connection, message) {
  const reply = await connection.request(API.saslAuthenticate, 1, bytes32(Buffer.from(message)));
  const errorCode = reply.readInt16BE(0);
  let at = 2;
  const errorLength = reply.readInt16BE(at);
  at += 2;
  const error = errorLength >= 0 ? reply.subarray(at, at + errorLength).toString() : null;
  at += Math.max(0, errorLength);
  if (errorCode !== 0) throw new Error(`Kafka refused the sign-in (error ${errorCode}): ${error ?? ''}`);
  const length = reply.readInt32BE(at);
  return reply.subarray(at + 4, at + 4 + length).toString();
}

const hmac = (key, text) => createHmac('sha256', key).update(text).digest();

/** SCRAM-SHA-256's exchange on an open connection (RFC 5802, section 3). */
async function scramLogin(connection, username, password) {
  const handshake = await connection.request(API.saslHandshake, 1, string16('SCRAM-SHA-256'));
  if (handshake.readInt16BE(0) !== 0)
    throw new Error(`Kafka refused SCRAM-SHA-256 (error ${handshake.readInt16BE(0)})`);
  const clientNonce = randomBytes(18).toString('base64');
  const clientFirstBare = `n=${username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${clientNonce}`;
  const serverFirst = await authenticate(connection, `n,,${clientFirstBare}`);
  const fields = Object.fromEntries(serverFirst.split(',').map((f) => [f[0], f.slice(2)]));
  if (!fields.r?.startsWith(clientNonce)) throw new Error('Kafka answered SCRAM with a foreign nonce');
  const salted = pbkdf2Sync(password, Buffer.from(fields.s, 'base64'), Number(fields.i), 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  const withoutProof = `c=biws,r=${fields.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(createHash('sha256').update(clientKey).digest(), authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
  const serverFinal = await authenticate(connection, `${withoutProof},p=${proof.toString('base64')}`);
  const expected = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
  if (serverFinal !== `v=${expected}`) throw new Error('Kafka answered SCRAM with a wrong server signature');
}

/**
 * The number of live brokers a node knows of, asked (Metadata v4, no
 * topics) as `username` with SCRAM-SHA-256, or without signing in when no
 * credentials are given.
 */
export async function liveBrokers({ port, host, username, password, timeoutMs = 3_000 }) {
  const connection = connect(port, host, timeoutMs);
  try {
    if (username) await scramLogin(connection, username, password);
    // No topics, just the cluster; allow_auto_topic_creation = false.
    const reply = await connection.request(API.metadata, 4, Buffer.from([0, 0, 0, 0, 0]));
    return reply.readInt32BE(4); // the brokers array's length, after throttle_time_ms
  } finally {
    connection.close();
  }
}

// The comparison OpenID Provider of the OIDC benchmark: oidc-provider on 127.0.0.1 with one
// confidential client (client_secret_basic, PKCE S256 required, ES256 ID tokens) and test people
// whose passwords are kept in memory. bench/oidc/run.sh starts it; the settings come from the
// environment:
//
//   BENCH_PORT           port on 127.0.0.1 (required); the issuer is http://127.0.0.1:PORT
//   BENCH_CLIENT_SECRET  the client's secret (required)
//   BENCH_PASSWORD       every test person's password (required)
//   BENCH_CLIENT_ID      default bench-rp
//   BENCH_REDIRECT_URI   default http://127.0.0.1:9/bench/callback
//   BENCH_USERS          number of test people, default 100
//
// Person n logs in with phone number 1390000 followed by n in four digits, as the load driver
// expects. The login page is a minimal custom interaction: oidc-provider leaves account storage,
// password checks and the login page to the application. The password check compares SHA-256
// digests in constant time and does no deliberate password hashing, unlike the tongban hub.
// Consent is granted automatically because the one client is treated as first-party.

import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const MAX_FORM_BYTES = 16 * 1024;

function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    console.error(`server.mjs: the environment variable ${name} is missing`);
    process.exit(2);
  }
  return value;
}

const port = Number(setting('BENCH_PORT'));
const clientId = setting('BENCH_CLIENT_ID', 'bench-rp');
const clientSecret = setting('BENCH_CLIENT_SECRET');
const redirectUri = setting('BENCH_REDIRECT_URI', 'http://127.0.0.1:9/bench/callback');
const password = setting('BENCH_PASSWORD');
const userCount = Number(setting('BENCH_USERS', '100'));
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`server.mjs: BENCH_PORT must be a port number, not ${process.env.BENCH_PORT}`);
  process.exit(2);
}
const issuer = `http://${HOST}:${port}`;

const digest = (text) => createHash('sha256').update(text, 'utf8').digest();

// Accounts by login (phone number) and by account id.
const accountsByLogin = new Map();
const accountsById = new Map();
for (let n = 1; n <= userCount; n += 1) {
  const account = {
    accountId: `person-${n}`,
    name: `压测用户 ${n}`,
    passwordDigest: digest(password),
  };
  accountsByLogin.set(`1390000${String(n).padStart(4, '0')}`, account);
  accountsById.set(account.accountId, account);
}
// Compared against when the login names no account, so both cases take the same time.
const unknownAccountDigest = digest(randomBytes(32).toString('hex'));

// A fresh P-256 key per start, like the hub's ES256 key; tokens need not outlive the run.
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingKey = { ...privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'bench-es256' };

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  claims: { openid: ['sub'], profile: ['name'] },
  // Puts `name` into the ID token, as the hub does, not only into the userinfo response.
  conformIdTokenClaims: false,
  // The hub's lifetimes: codes 60 s, access and ID tokens 10 minutes, sessions 12 hours.
  ttl: {
    AuthorizationCode: 60,
    AccessToken: 600,
    IdToken: 600,
    Interaction: 3600,
    Session: 12 * 3600,
    Grant: 12 * 3600,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, accountId) {
    const account = accountsById.get(accountId);
    if (!account) return undefined;
    return {
      accountId,
      async claims() {
        return { sub: accountId, name: account.name };
      },
    };
  },
  // Consent for a first-party client: the grant covers openid and profile from the start, so
  // the consent prompt never shows.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
provider.on('server_error', (ctx, error) => {
  console.error(`server.mjs: ${ctx.method} ${ctx.path} failed:`, error);
});

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid, message) {
  const notice = message ? `<p role="alert">${escapeHtml(message)}</p>` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>登录</title></head>
<body><h1>登录</h1>${notice}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>手机号码 <input name="login" autocomplete="username"></label>
<label>密码 <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">登录</button>
</form></body></html>`;
}

async function readForm(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new Error('the form is larger than 16 KiB');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The login interaction: GET /interaction/<uid> shows the form, POST /interaction/<uid>/login
// checks the password and sends the browser back to the authorization request.
provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(ctx.path);
  if (!match) {
    await next();
    return;
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== match[1] || details.prompt.name !== 'login') {
    ctx.status = 400;
    ctx.body = `unexpected interaction ${match[1]} with prompt ${details.prompt.name}`;
    return;
  }
  if (ctx.method === 'GET' && !match[2]) {
    ctx.type = 'html';
    ctx.body = loginPage(details.uid);
    return;
  }
  if (ctx.method !== 'POST' || !match[2]) {
    ctx.status = 405;
    return;
  }
  const form = await readForm(ctx.req);
  const account = accountsByLogin.get(form.get('login') ?? '');
  const presented = digest(form.get('password') ?? '');
  const matches = timingSafeEqual(presented, account?.passwordDigest ?? unknownAccountDigest);
  if (!account || !matches) {
    ctx.status = 422;
    ctx.type = 'html';
    ctx.body = loginPage(details.uid, '手机号码或密码不正确。');
    return;
  }
  const returnTo = await provider.interactionResult(
    ctx.req,
    ctx.res,
    { login: { accountId: account.accountId } },
    { mergeWithLastSubmission: false },
  );
  ctx.status = 303;
  ctx.set('Location', returnTo);
  ctx.body = '';
});

const server = createServer(provider.callback());
// Node closes idle keep-alive connections after 5 s by default. A minute outlasts the pauses
// between the driver's rounds, so no request meets a connection that is being closed.
server.keepAliveTimeout = 60_000;
server.listen(port, HOST, () => {
  console.log(JSON.stringify({ issuer, pid: process.pid, people: userCount }));
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

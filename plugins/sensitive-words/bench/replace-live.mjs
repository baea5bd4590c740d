/**
 * A list replacement on a running Keeper, seen from outside: replaces list `shop` with N synthetic words over
 * GraphQL (`replaceSensitiveWordList`) while it asks `/healthz` every 5 ms, and prints how long the replacement
 * took and the slowest health answer meanwhile (what every other request and socket of the node waited at most).
 *
 *   KEEPER_DATA_DIR=$(mktemp -d) PORT=4107 KEEPER_ADMIN_EMAIL=a@shop.test KEEPER_ADMIN_PASSWORD='admin password 1' \
 *     pnpm --filter @keeper/server start &
 *   node plugins/sensitive-words/bench/replace-live.mjs [words, default 30000]
 *
 * Environment: KEEPER_URL (default http://127.0.0.1:4107), KEEPER_ADMIN_EMAIL, KEEPER_ADMIN_PASSWORD.
 */
const base = process.env.KEEPER_URL ?? 'http://127.0.0.1:4107';
const count = Number(process.argv[2] ?? 30_000);
const gql = async (query, variables, token) => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
};
const login = await gql('mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token } }', {
  e: process.env.KEEPER_ADMIN_EMAIL ?? 'a@shop.test',
  p: process.env.KEEPER_ADMIN_PASSWORD ?? 'admin password 1',
});
if (login.errors) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
const token = login.data.agentLogin.token;
// The same synthetic words as the matcher's tests: 4 common characters, none a real listed word.
const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经';
const words = new Set();
for (let i = 0; words.size < count; i++) words.add(chars[i % 67] + chars[Math.floor(i / 67) % 67] + chars[Math.floor(i / 4489) % 67] + chars[(i * 31) % 67]);

let slowest = 0;
let probes = 0;
let running = true;
const probing = (async () => {
  while (running) {
    const t = performance.now();
    await fetch(`${base}/healthz`);
    slowest = Math.max(slowest, performance.now() - t);
    probes++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
})();
const started = performance.now();
const result = await gql(
  'mutation($n: String!, $t: String) { replaceSensitiveWordList(name: $n, tsv: $t) { lists { name words version } } }',
  { n: 'shop', t: [...words].join('\n') },
  token,
);
const took = performance.now() - started;
running = false;
await probing;
if (result.errors) throw new Error(`replace failed: ${JSON.stringify(result.errors)}`);
const shop = result.data.replaceSensitiveWordList.lists.find((l) => l.name === 'shop');
console.log(`replaced list shop (${shop.words} words, version ${shop.version}) in ${took.toFixed(0)} ms; slowest /healthz meanwhile ${slowest.toFixed(0)} ms (${probes} answered)`);

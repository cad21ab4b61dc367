// Obtains a token from a Weft server with openid-client (discovery, then the client_credentials grant) and prints
// the token response as JSON. Usage: node client-credentials.mjs <issuer> <client_id> <client_secret>
import * as client from 'openid-client';

const [issuer, clientId, clientSecret] = process.argv.slice(2);
const config = await client.discovery(new URL(issuer), clientId, clientSecret, undefined, {
  // The test server listens on plain HTTP on loopback.
  execute: [client.allowInsecureRequests],
});
const tokens = await client.clientCredentialsGrant(config);
console.log(JSON.stringify({
  issuer: config.serverMetadata().issuer,
  token_endpoint: config.serverMetadata().token_endpoint,
  access_token: tokens.access_token,
  token_type: tokens.token_type,
  expires_in: tokens.expiresIn(),
}));

// A local OpenID Connect identity provider for the single sign-on tests (server.ts) and the
// accounts it knows (accounts.ts).
export { OIDC_TEST_DOMAIN, oidcTestAccounts, type OidcTestAccount } from "./accounts";
export { startOidcProvider, type OidcProviderOptions, type TestOidcProvider } from "./server";

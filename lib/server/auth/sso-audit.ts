import "server-only";
import { recordAudit } from "../audit/record";
import { prisma } from "../db";
import { OIDC_PROVIDER_ID } from "./sso-settings";

// The audit entries single sign-on leaves (auth.ts installs these as Better Auth's database hooks):
// a user made from the identity provider's answer (user.create, as an admin's is), and an
// existing account joined to an identity at the provider (user.link). Better Auth makes users
// only through single sign-on here (its sign-up is off; admins' accounts are made in accounts.ts),
// so every user it creates is one of these. The actor is "single sign-on": nobody signed in did it.

const ACTOR = "single sign-on";

export async function auditSsoUser(user: { id: string; email: string; name: string; role?: unknown }, issuer: string): Promise<void> {
  await recordAudit(prisma, { actor: ACTOR, action: "user.create", entityType: "user", entityId: user.id, after: { email: user.email, name: user.name, role: user.role, issuer } });
}

/** For every account row Better Auth makes: only a provider identity given to someone who already had an account is a link. */
export async function auditSsoLink(account: { userId: string; providerId: string }, issuer: string): Promise<void> {
  if (account.providerId !== OIDC_PROVIDER_ID) return;
  const others = await prisma.account.count({ where: { userId: account.userId, providerId: { not: OIDC_PROVIDER_ID } } });
  if (others === 0) return; // a user single sign-on has just made: user.create says so
  await recordAudit(prisma, { actor: ACTOR, action: "user.link", entityType: "user", entityId: account.userId, after: { issuer } });
}

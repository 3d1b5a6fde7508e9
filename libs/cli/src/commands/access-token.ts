import type { Command } from 'commander';

/** `--token` for commands that call a Kerma with authentication on (KERMA_AUTH=oidc); KERMA_TOKEN by default. */
export function withAccessTokenOption(command: Command): Command {
  return command.option('--token <access token>', 'bearer access token when Kerma requires authentication (default: $KERMA_TOKEN)', process.env.KERMA_TOKEN);
}

export function authorizationHeader(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

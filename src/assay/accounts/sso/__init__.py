"""Single sign-on with an organization's OpenID Connect provider (authorization code flow with PKCE)."""

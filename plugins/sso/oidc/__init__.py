"""Single sign-on by OIDC."""

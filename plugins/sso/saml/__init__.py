"""Single sign-on by SAML."""

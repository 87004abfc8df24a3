"""Single sign-on by LDAP."""

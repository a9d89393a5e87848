"""E-mail alerts for a search or a member: double opt-in sign-up, a daily mail of what is new,
one-click unsubscribe (docs/alerts.md)."""

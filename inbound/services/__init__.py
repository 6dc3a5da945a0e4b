"""The inbound channels' writers: mailboxes and their polls (`mailboxes`, `mail`),
monitoring integrations and alerts (`alerts`), and the gateway account both act as."""

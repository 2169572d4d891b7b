"""The demo organisation, for trying the portal out."""

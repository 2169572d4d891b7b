"""Notifications: email messages and their delivery."""

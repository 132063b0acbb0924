"""The Connect inbox: the admin views, filters and dashboard panels of who handles each message."""

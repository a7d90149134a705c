"""The views: each takes the Session, connects in __init__, changes state only via setters."""

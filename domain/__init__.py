"""Pure domain rules shared by every floor: dates, geo grid, legal terms, roles, visibility, messages."""

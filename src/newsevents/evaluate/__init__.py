"""evaluate stage of newsevents."""

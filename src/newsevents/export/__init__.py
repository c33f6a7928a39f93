"""export stage of newsevents."""

"""resolve stage of newsevents."""

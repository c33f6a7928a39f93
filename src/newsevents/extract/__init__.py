"""extract stage of newsevents."""

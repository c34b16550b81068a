"""Throughput and latency measurements of the engine, as in the seed's figures."""

"""Tables of the peer benchmark, as aligned text or Markdown."""


def table(headers: list[str], rows: list[list], markdown: bool) -> str:
    cells = [[_cell(v) for v in r] for r in rows]
    if markdown:
        lines = [headers, ["---"] * len(headers), *cells]
        return "\n".join("| " + " | ".join(r) + " |" for r in lines)
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *cells, strict=True)]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in [headers, *cells]
    )


def _cell(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    return str(v)


def throughput_table(rows: list[dict], markdown: bool) -> str:
    headers = ["engine", "batch", "tok/s", "decode tok/s", "TTFT s", "latency s"]
    return table(
        headers,
        [
            [
                r["engine"],
                r["batch_size"],
                r["tokens_per_s"],
                r["decode_tokens_per_s"],
                r.get("ttft_s"),
                r["latency_s"],
            ]
            for r in rows
        ],
        markdown,
    )


def ratio_table(ratios: dict[str, dict[str, float]], markdown: bool) -> str:
    """ratios: {peer: {batch: ours / peer}}."""
    peers = list(ratios)
    batches = sorted({int(b) for r in ratios.values() for b in r})
    headers = ["batch", *[f"ours / {p}" for p in peers]]
    body = [[b, *[_ratio(ratios[p].get(str(b))) for p in peers]] for b in batches]
    return table(headers, body, markdown)


def _ratio(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}x"


def lora_table(rows: list[dict], markdown: bool) -> str:
    headers = ["engine", "batch", "mode", "tok/s", "TTFT s", "latency s", "tok/s vs base"]
    body = [
        [
            r["engine"],
            r["batch_size"],
            r["mode"],
            r["tokens_per_s"],
            r["ttft_s"],
            r["latency_s"],
            f"{-r['overhead_pct']:+.1f}%" if "overhead_pct" in r else "",
        ]
        for r in rows
    ]
    return table(headers, body, markdown)

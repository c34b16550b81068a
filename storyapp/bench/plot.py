"""Throughput and latency per batch size, base against multi-LoRA, like the seed's two figures."""

from pathlib import Path


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    modes = sorted({r["mode"] for r in report["rows"]}, key=["base", "multi_lora"].index)
    sizes = sorted({r["batch_size"] for r in report["rows"]})
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    width = 0.8 / len(modes)
    for m, mode in enumerate(modes):
        rows = {r["batch_size"]: r for r in report["rows"] if r["mode"] == mode}
        xs = [i + (m - (len(modes) - 1) / 2) * width for i in range(len(sizes))]
        label = "base model" if mode == "base" else "multi-LoRA (a unique adapter per row)"
        for ax, key in zip(axes, ("tokens_per_s", "latency_s"), strict=True):
            bars = ax.bar(xs, [rows[b][key] for b in sizes], width, label=label)
            ax.bar_label(bars, fmt="%.1f" if key == "tokens_per_s" else "%.2f", fontsize=8)
    titles = ("Throughput (tokens/s, higher is better)", "Latency (s, lower is better)")
    for ax, title in zip(axes, titles, strict=True):
        ax.set_xticks(range(len(sizes)), [str(b) for b in sizes])
        ax.set_xlabel("batch size")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8)
    fig.suptitle(
        f"{report['model']} on {report['device']} ({report['threads']} threads): "
        f"ISL {report['isl']}, OSL {report['osl']}",
        fontsize=11,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)

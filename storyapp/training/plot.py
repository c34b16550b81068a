"""The loss curve as a PNG: each optimizer step, a moving average, and held-out losses."""

from pathlib import Path


def save(path: Path, losses: list[float], steps_per_epoch: int, heldout: dict | None) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    steps = range(1, len(losses) + 1)
    ax.plot(steps, losses, color="#9bb7d4", lw=1, label="train loss (each step)")
    w = max(1, len(losses) // 20)
    if len(losses) > w:
        avg = [sum(losses[i - w : i]) / w for i in range(w, len(losses) + 1)]
        ax.plot(range(w, len(losses) + 1), avg, color="#1f4e79", lw=2, label=f"mean of {w} steps")
    for e in range(steps_per_epoch, len(losses), steps_per_epoch):
        ax.axvline(e, color="#cccccc", lw=0.8)
    for name, style in (("adapter", "o"), ("base", "x")):
        if heldout and heldout.get(name) is not None:
            ax.plot([len(losses)], [heldout[name]], style, ms=8, label=f"held-out, {name}")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("cross-entropy per assistant token")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)

"""Fine-tuning LoRA adapters (PEFT) for the engine: data, the training loop, the saved folder."""

"""Hand-written building blocks the data generator composes stories and image prompts from."""

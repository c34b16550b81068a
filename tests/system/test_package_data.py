from storyapp.system.package_data import shipped_adapters


def test_the_default_adapters_are_package_data():
    for name in ("story-writer", "sd-prompt-writer", "premise-writer"):
        folder = shipped_adapters() / name
        assert (folder / "adapter_config.json").is_file()
        assert (folder / "adapter_model.safetensors").stat().st_size > 1_000_000

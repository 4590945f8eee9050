"""Publishing: pages, pictures and reports drawn from the build."""

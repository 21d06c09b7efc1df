"""The conformance files are the seed's tests, changed only in the import prefix."""
import pytest

from extract_seed import HERE, SEED, seed_tests


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not beside this checkout")
def test_conformance_files_equal_the_seed_with_only_the_prefix_changed():
    expected = seed_tests(SEED.read_text(encoding="utf-8"))
    assert sorted(expected) == ["test_tier2_orchestrator.py", "test_tier2_suite.py", "test_tier2_test_run.py"]
    for name, body in expected.items():
        assert (HERE / name).read_text(encoding="utf-8") == body, name

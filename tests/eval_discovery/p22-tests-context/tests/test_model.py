from unittest import mock

from transformers import AutoModel, AutoTokenizer

TINY = "hf-internal-testing/tiny-random-BertModel"


def test_tiny_model_loads():
    model = AutoModel.from_pretrained(TINY)
    assert model is not None


def test_loader_is_called_with_the_configured_id():
    with mock.patch("transformers.AutoTokenizer.from_pretrained") as loader:
        AutoTokenizer.from_pretrained("org/model")
        AutoTokenizer.from_pretrained("foo/bar")
        loader.assert_called_with("foo/bar")


def test_fake_repo():
    fake_repo = "my-org/my-model"
    assert AutoModel.from_pretrained(fake_repo) is None

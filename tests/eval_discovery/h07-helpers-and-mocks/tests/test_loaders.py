from unittest.mock import patch

from lib.loaders import Classifier


@patch("lib.loaders.AutoTokenizer.from_pretrained")
@patch("lib.loaders.AutoModelForSequenceClassification.from_pretrained")
def test_classifier_uses_given_id(model_loader, tok_loader):
    Classifier("some-org/some-model")
    tok_loader.assert_called_once_with("some-org/some-model", revision=None)


def test_real_tiny():
    clf = Classifier("hf-internal-testing/tiny-random-bert")
    assert clf.model is not None

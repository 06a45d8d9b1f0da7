import pytest


@pytest.fixture
def model_id():
    return "prajjwal1/bert-tiny"


@pytest.fixture
def api_model():
    return {"model": "gpt-3.5-turbo", "temperature": 0}

variable "bedrock_model_id" {
  type    = string
  default = "anthropic.claude-3-haiku-20240307-v1:0"
}

locals {
  embedding_model_id = "amazon.titan-embed-text-v2:0"
  bucket             = "acme-rag/docs"
}

resource "aws_lambda_function" "rag" {
  function_name = "rag-answer"
  image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/rag:latest"
  environment {
    variables = {
      MODEL_ID       = var.bedrock_model_id
      EMBED_MODEL_ID = local.embedding_model_id
    }
  }
}

resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat-prod"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }
  sku {
    name = "Standard"
  }
}

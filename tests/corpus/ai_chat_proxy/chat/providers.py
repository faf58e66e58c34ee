"""Provider clients. Keys come from the environment, except where they should not."""
import anthropic
import openai
from huggingface_hub import InferenceClient

from . import ANTHROPIC_API_KEY, HF_TOKEN, OPENAI_API_KEY

openai_client = openai.OpenAI(api_key=OPENAI_API_KEY)
anthropic_client = anthropic.Anthropic(api_key=ANTHROPIC_API_KEY)
hf_client = InferenceClient(token=HF_TOKEN)

# fallback client for the staging cluster
staging_client = openai.OpenAI(api_key="sk-proj-FAKE0000example0000FAKE0000", base_url="https://staging.example.com/v1")  # expect: FG102
moderation_client = openai.OpenAI(api_key="FAKE-moderation-key-0000")  # expect: FG101


def complete(model, prompt):
    if model.startswith("gpt"):
        result = openai_client.chat.completions.create(model=model, messages=[{"role": "user", "content": prompt}])
        return result.choices[0].message.content
    if model.startswith("claude"):
        result = anthropic_client.messages.create(
            model=model, max_tokens=1024, messages=[{"role": "user", "content": prompt}]
        )
        return result.content[0].text
    return hf_client.text_generation(prompt, model=model, max_new_tokens=512)


def count_tokens(text):
    tokens = text.split()
    return len(tokens)

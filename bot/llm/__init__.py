"""Optional model summaries and facts from an OpenAI-compatible endpoint (the `llm` extra).

    answer     the JSON schema a model must answer with; validation; hostile-text clean-up
    prompt     instructions + the story's feed text, delimited and declared data
    client     the `openai` client (OpenAI, Azure OpenAI, compatible servers); errors -> ModelError
    summaries  one call per story (cached in the store), the daily budget, the bounded wait
    notifier   wraps a destination's notifier: an alert waits at most `llm.wait` for the model

Everything falls back to the offline result (extractive summary, `bot.facts`) on any error,
time-out, exhausted budget or invalid answer. Model output is feed text: hostile.
"""

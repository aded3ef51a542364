"""Asking through Discord: /ask, a mention, a DM, and follow-ups, each answered with cited quotes."""

from index.answer import DECLINED

DEADLINE = 3.0  # seconds Discord allows before an interaction must be acknowledged


def _text(messages) -> str:
    return "\n".join(
        part
        for message in messages
        for embed in message.embeds
        for part in (embed.get("description", ""), embed.get("author", {}).get("name", ""))
    )


def _answered_by_bot(live_bot, user_message, timeout: float = 60):
    standin = live_bot.standin
    [answer] = standin.wait_bot_messages(
        user_message.channel_id, count=1, after=user_message, timeout=timeout
    )
    return answer


def test_ask_answers_with_quotes_and_numbered_citations(live_bot):
    done = live_bot.standin.slash("ask", {"question": "How much did the Notre-Dame restoration cost?"})
    done.wait_done(timeout=60)
    assert done.ack_delay < DEADLINE
    [message] = done.messages
    text = _text([message])
    assert "> " in text and "[1]" in text
    assert "Harbour Ledger" in text or "Northwind Daily" in text
    assert message.pings == frozenset()
    assert not message.ephemeral


def test_a_question_the_news_does_not_answer_gets_a_plain_decline(live_bot):
    done = live_bot.standin.slash("ask", {"question": "Who won the 2018 Tour de France?"})
    done.wait_done(timeout=60)
    [message] = done.messages
    [embed] = message.embeds
    assert embed["description"] == DECLINED
    assert "> " not in embed["description"]


def test_a_mention_in_a_channel_is_answered_as_a_reply(live_bot):
    standin = live_bot.standin
    asked = standin.send_message(
        "When did Notre-Dame reopen?", mention_bot=True, author=standin.add_member("mention-asker")
    )
    answer = _answered_by_bot(live_bot, asked)
    assert answer.reference_id == asked.id
    assert "Notre-Dame" in _text([answer]) and "[1]" in _text([answer])
    assert answer.pings == frozenset()


def test_the_bot_reads_messages_without_the_privileged_message_content_intent(live_bot):
    message_content = 1 << 15
    assert not live_bot.standin.intents & message_content


def test_a_direct_message_is_answered_in_the_dm(live_bot):
    standin = live_bot.standin
    asked = standin.dm(
        "Who scored the winning penalty in the World Cup final?", standin.add_member("dm-asker")
    )
    answer = _answered_by_bot(live_bot, asked)
    assert answer.channel_id == asked.channel_id
    assert "penalty" in _text([answer])


def test_a_reply_to_an_answer_is_read_as_a_follow_up(live_bot):
    standin = live_bot.standin
    user = standin.add_member("follower")
    first = standin.send_message("When did Notre-Dame reopen?", user, mention_bot=True)
    answer = _answered_by_bot(live_bot, first)
    follow_up = standin.send_message("who attended?", user, reply_to=answer)
    second = _answered_by_bot(live_bot, follow_up)
    assert second.reference_id == follow_up.id
    sources = _text([second])
    assert "Notre-Dame" in sources or "cathedral" in sources
    assert "World Cup" not in sources and "eclipse" not in sources.lower()


def test_a_mention_in_a_thread_continues_the_threads_conversation(live_bot):
    standin = live_bot.standin
    user, thread = standin.add_member("threader"), standin.thread_id
    first = standin.send_message("What did the lighthouse restoration cost?", user, thread, mention_bot=True)
    _answered_by_bot(live_bot, first)
    follow_up = standin.send_message("and who paid for it?", user, thread, mention_bot=True)
    second = _answered_by_bot(live_bot, follow_up)
    assert "lighthouse" in _text([second]).lower()


def test_a_mention_without_a_question_says_how_to_ask(live_bot):
    standin = live_bot.standin
    asked = standin.send_message("", standin.add_member("silent"), mention_bot=True)
    answer = _answered_by_bot(live_bot, asked)
    assert "Ask me about the news" in answer.content


def test_mentions_and_markdown_in_an_article_ping_nobody_and_show_literally(live_bot):
    done = live_bot.standin.slash("ask", {"question": "When will the new ferry terminal open?"})
    done.wait_done(timeout=60)
    [message] = done.messages
    text = _text([message])
    assert "3 March" in text
    assert message.allowed_mentions["parse"] == []
    assert message.pings == frozenset()
    assert "@everyone" not in text and "<@123456789012345678>" not in text and "**years**" not in text


def test_the_answering_words_lead_the_answer_and_are_bold_in_the_quote(live_bot):
    user = live_bot.standin.add_member("curious")  # a quota of questions of its own
    done = live_bot.standin.slash("ask", {"question": "What is the nickname of Scaloni's team?"}, user=user)
    done.wait_done(timeout=60)
    [message] = done.messages
    [embed] = message.embeds
    assert embed["description"].startswith("**Answer:** La Scaloneta\n")
    assert "“**La Scaloneta**”" in embed["description"]
    assert not live_bot.standin.rejections


def test_a_long_answer_fits_discords_limits_with_every_quote_whole(live_bot):
    question = (  # three questions joined: an answer to each, each a long sentence of its own
        "What wood rebuilt the spiral staircase, and where was the great lens shipped, "
        "and what was the final bill?"
    )
    done = live_bot.standin.slash("ask", {"question": question})
    done.wait_done(timeout=60)
    embeds = [embed for message in done.messages for embed in message.embeds]
    quotes = [line for embed in embeds for line in embed["description"].splitlines() if line.startswith("> ")]
    assert len(quotes) >= 3 and sum(map(len, quotes)) > 2000
    assert all(line.endswith("[1]") for line in quotes)
    assert not live_bot.standin.rejections


def test_asking_too_often_gets_a_friendly_cooldown_message(live_bot):
    standin = live_bot.standin
    user = standin.add_member("eager")
    rate = live_bot.bot.settings.ask_rate
    for _ in range(rate):
        standin.slash("ask", {"question": "When did Notre-Dame reopen?"}, user=user).wait_done(timeout=60)
    refused = standin.slash("ask", {"question": "When did Notre-Dame reopen?"}, user=user)
    refused.wait_done(timeout=30)
    [message] = refused.messages
    assert message.ephemeral and "try again in" in message.content

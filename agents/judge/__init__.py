"""The builtin reviewer: recognise the kinds of decision, judge their pitfalls against the facts
and the text, challenge stated assumptions, and turn open gaps into few, quoted findings."""

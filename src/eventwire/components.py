"""spaCy components eventwire adds to the model: the one place they are registered."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "eventwire_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines, datelines and paragraphs never run together.

    Runs before the parser, which keeps the boundaries it is given.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2 or (token.whitespace_ == "" and "\n\n" in token.text):
            doc[token.i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text and token.i > 0 and doc[token.i - 1].text not in (",", "and", "-"):
            # a single line break after a line with no closing punctuation (a headline)
            if doc[token.i - 1].is_punct is False and doc[token.i - 1].is_alpha:
                doc[token.i + 1].is_sent_start = True
        elif token.text in ("—", "–", "--") and token.i > 0 and doc[token.i - 1].is_upper:
            # a dateline ("BOGOTA — Colombian aircraft ...") belongs to its sentence
            token.is_sent_start = False
            doc[token.i + 1].is_sent_start = False
    return doc


def add_components(nlp) -> None:
    """Add eventwire's components to a loaded pipeline (once)."""
    if PARAGRAPH_BREAKS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")

"""Everything a person or a script is shown: the JSON documents, the
sentences and the screens, one module per command family (daily, figures,
safekeeping, dwellings, show), with what they share (json, words).
Views format results; they decide nothing and read no database."""

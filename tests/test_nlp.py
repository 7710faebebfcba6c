from eventwire import nlp


def test_nlp_cheap_parse_splits_paragraphs_and_finds_entities():
    doc = nlp.cheap_parse("Troops entered Mosul on Monday\n\nPolice arrested two men in Accra.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Troops entered Mosul on Monday", "Police arrested two men in Accra."]
    assert {"Mosul", "Accra"} <= {e.text for e in doc.ents}


def test_nlp_hard_wrapped_lines_do_not_split_sentences():
    doc = nlp.cheap_parse("THE ARMY DENIED TODAY THAT\nGUERRILLAS ATTACKED THE FARM.")
    assert len(list(doc.sents)) == 1


def test_nlp_full_parse_many_survives_cache_eviction(monkeypatch):
    monkeypatch.setattr(nlp, "PARSE_CACHE_SIZE", 2)
    nlp.full_parse_many(["Rebels attacked the town."])
    docs = nlp.full_parse_many(["Rebels attacked the town.", "Police fired.", "Soldiers fled.", "Troops left."])
    assert [d.text for d in docs] == ["Rebels attacked the town.", "Police fired.", "Soldiers fled.", "Troops left."]
    assert all(d.has_annotation("DEP") for d in docs)
    assert len(nlp._PARSE_CACHE) <= 2

use super::*;

#[test]
fn bundled_files_load() {
    let lexicon = lexicon().unwrap();
    assert!(lexicon.synonym_words().count() >= 60);
    assert!(lexicon.is_stop_word("怎么"));
    assert!(!lexicon.is_stop_word("身份证"));
}

#[test]
fn user_dictionary_words_stay_whole() {
    let lexicon = lexicon().unwrap();
    for (word, _) in parse_user_dict(USER_DICT.1).unwrap() {
        let tokens: Vec<&str> = lexicon
            .jieba
            .cut(word, true)
            .iter()
            .map(|token| token.word)
            .collect();
        assert_eq!(tokens, [word], "{word} is split");
    }
}

#[test]
fn synonym_words_stay_whole() {
    // A query word is looked up in the groups whole, so a group word that segments into two
    // tokens could never be typed as one.
    let lexicon = lexicon().unwrap();
    for word in lexicon.synonym_words() {
        let tokens: Vec<&str> = lexicon
            .jieba
            .cut(word, true)
            .iter()
            .map(|token| token.word)
            .collect();
        assert_eq!(tokens, [word], "{word} is split; add it to user_dict.txt");
    }
}

#[test]
fn words_keep_their_whole_group() {
    let lexicon = lexicon().unwrap();
    assert_eq!(lexicon.expand("社保卡"), ["社保卡", "社会保障卡"]);
    assert_eq!(lexicon.expand("社会保障卡"), ["社会保障卡", "社保卡"]);
    assert_eq!(lexicon.expand("驾照"), ["驾照", "驾驶证", "机动车驾驶证"]);
    assert_eq!(lexicon.expand("挂失"), ["挂失"]);
}

#[test]
fn word_in_two_groups_expands_to_both() {
    let synonyms = parse_synonyms("甲 乙\n乙 丙\n").unwrap();
    assert_eq!(synonyms["乙"], ["甲", "乙", "丙"]);
    assert_eq!(synonyms["甲"], ["甲", "乙"]);
}

#[test]
fn invalid_lines_are_reported_by_number() {
    assert_eq!(
        parse_user_dict("# comment\n社保卡 5000\n社会保障卡\n"),
        Err(3)
    );
    assert_eq!(parse_user_dict("社保卡 many\n"), Err(1));
    assert_eq!(parse_user_dict("社保卡 0\n"), Err(1));
    assert_eq!(parse_user_dict("社保卡 10 n\n"), Err(1));
    assert_eq!(parse_synonyms("甲 乙\n\n丙\n"), Err(3));
}

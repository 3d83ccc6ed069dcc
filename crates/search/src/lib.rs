//! Vietnamese full-text search over the procedure catalogue, on tantivy.
//!
//! Text is NFC-normalised, split on non-alphanumerics, lower-cased and folded to ASCII
//! (đ→d, every accented vowel to its base), so `dang ky ket hon`, `ĐĂNG KÝ KẾT HÔN` and
//! `đăng ký kết hôn` are the same query. Words of three letters or more also match with one
//! typo (Levenshtein distance 1, transpositions cost one). Ranking: an exact name first,
//! then the whole query as a phrase in the name, then BM25 over name (weighted) and body.
//!
//! The index lives in memory and is rebuilt whole when the catalogue changes (6,500
//! procedures take well under a second); readers swap to the new index atomically.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream};
use tantivy::{Index, IndexReader, Term, doc};

use motcua_domain::text::{fold, nfc, squash_spaces};

const ANALYZER: &str = "vi_folded";
/// Longest query we analyse; longer input is cut at a word boundary, never mid-character.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// What the index needs of one procedure.
#[derive(Debug, Clone)]
pub struct SearchDoc<'a> {
    /// The caller's key (position in its catalogue, database id…), returned with each hit.
    pub key: u64,
    pub code: &'a str,
    pub name: &'a str,
    /// Everything else worth matching: field, applicants, result, steps.
    pub body: String,
}

impl<'a> SearchDoc<'a> {
    /// What a catalogue procedure contributes to the index: its code, its name, and as body
    /// its field, result, applicants and handling agency.
    pub fn for_procedure(key: u64, p: &'a motcua_domain::procedure::ProcedureInput) -> Self {
        SearchDoc {
            key,
            code: &p.code,
            name: &p.name,
            body: format!(
                "{}\n{}\n{}\n{}",
                p.field, p.result_document, p.applicants, p.handling_agency
            ),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub key: u64,
    pub score: f32,
}

struct Fields {
    key: Field,
    code: Field,
    name: Field,
    name_exact: Field,
    body: Field,
}

/// An immutable, searchable snapshot of the catalogue.
pub struct CatalogueIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        key: b.add_u64_field("key", INDEXED | FAST),
        code: b.add_text_field("code", STRING),
        name: b.add_text_field("name", text.clone()),
        name_exact: b.add_text_field("name_exact", STRING),
        body: b.add_text_field("body", text),
    };
    (b.build(), fields)
}

/// Folds a whole name into one exact-match key: "Đăng ký  kết hôn" → "dang ky ket hon".
fn exact_key(s: &str) -> String {
    squash_spaces(&fold(&nfc(s)))
}

impl CatalogueIndex {
    /// Builds an index over `docs`.
    pub fn build<'a>(docs: impl IntoIterator<Item = SearchDoc<'a>>) -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(ANALYZER, analyzer());
        let mut writer = index.writer_with_num_threads(1, 50_000_000)?;
        for d in docs {
            writer.add_document(doc!(
                fields.key => d.key,
                fields.code => d.code,
                fields.name => nfc(d.name),
                fields.name_exact => exact_key(d.name),
                fields.body => nfc(&d.body),
            ))?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(Self { index, reader, fields })
    }

    /// The analysed words of a query, in order.
    fn words(&self, q: &str) -> Vec<String> {
        let mut a = analyzer();
        let text = nfc(q);
        let mut stream = a.token_stream(&text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    fn is_known(&self, word: &str) -> bool {
        let searcher = self.reader.searcher();
        [self.fields.name, self.fields.body]
            .iter()
            .any(|&f| searcher.doc_freq(&Term::from_field_text(f, word)).is_ok_and(|n| n > 0))
    }

    fn query(&self, q: &str) -> Option<Box<dyn Query>> {
        let f = &self.fields;
        let q = truncate_words(q, MAX_QUERY_CHARS);
        let words = self.words(q);
        if words.is_empty() {
            return None;
        }
        let boosted =
            |q: Box<dyn Query>, b: f32| -> (Occur, Box<dyn Query>) { (Occur::Should, Box::new(BoostQuery::new(q, b))) };
        let mut per_word: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in &words {
            let mut alts = vec![
                boosted(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.name, w),
                        IndexRecordOption::WithFreqs,
                    )),
                    3.0,
                ),
                boosted(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.body, w),
                        IndexRecordOption::WithFreqs,
                    )),
                    1.0,
                ),
            ];
            // A word the catalogue does not contain is taken as a typo: match it with one edit.
            // Known words match exactly (Vietnamese syllables are short: one edit away from a
            // known word is usually another real word).
            if w.chars().count() >= 3 && !self.is_known(w) {
                alts.push(boosted(
                    Box::new(FuzzyTermQuery::new(Term::from_field_text(f.name, w), 1, true)),
                    1.5,
                ));
                alts.push(boosted(
                    Box::new(FuzzyTermQuery::new(Term::from_field_text(f.body, w), 1, true)),
                    0.5,
                ));
            }
            per_word.push((Occur::Should, Box::new(BooleanQuery::new(alts))));
        }
        // Every word must match (exactly or with one typo); from five words on, one may miss.
        let required = if words.len() >= 5 { words.len() - 1 } else { words.len() };
        let words_query = BooleanQuery::with_minimum_required_clauses(per_word, required);
        let mut top: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(words_query))];
        if words.len() >= 2 {
            let terms = words.iter().map(|w| Term::from_field_text(f.name, w)).collect();
            top.push(boosted(Box::new(PhraseQuery::new(terms)), 4.0));
        }
        let exact = Term::from_field_text(f.name_exact, &exact_key(q));
        top.push(boosted(Box::new(TermQuery::new(exact, IndexRecordOption::Basic)), 20.0));
        let code = Term::from_field_text(f.code, q.trim());
        top.push(boosted(Box::new(TermQuery::new(code, IndexRecordOption::Basic)), 50.0));
        Some(Box::new(BooleanQuery::new(top)))
    }

    /// The best `limit` matches for `q`, best first. An empty query matches nothing.
    pub fn search(&self, q: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let Some(query) = self.query(q) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        // Keys come from a fast (columnar) field: no stored document is decompressed.
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64("key"))
            .collect::<Result<Vec<_>, _>>()?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            if let Some(key) = columns
                .get(addr.segment_ord as usize)
                .and_then(|c| c.first(addr.doc_id))
            {
                hits.push(Hit { key, score });
            }
        }
        Ok(hits)
    }

    /// Number of indexed procedures.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[doc(hidden)]
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// Cuts `s` to at most `max` characters, at a word boundary when there is one.
fn truncate_words(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        None => s,
        Some((cut, _)) => {
            let head = &s[..cut];
            head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
        }
    }
}

#[cfg(test)]
mod tests;

//! The catalog index: building it from service items and searching it.

use std::path::Path;
use std::sync::Arc;

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    Index, IndexReader, IndexWriter, Order, Searcher, TantivyDocument, TantivyError, Term,
};
use tongban_domain::catalog::ServiceItem;
use tongban_domain::node::check_node_id;

use crate::compile::{Compiled, compile};
use crate::highlight::Highlighter;
use crate::lexicon::{Lexicon, lexicon};
use crate::results::to_hit;
use crate::schema::{DOC_KEY, Fields, build_schema, doc_key, to_document};
use crate::tokenizer::{JiebaSearchTokenizer, TOKENIZER_NAME};
use crate::{Hit, Offer, Query, SearchError, SearchResults};

/// Memory the writer buffers documents in before it writes a segment: far more than the 1,828
/// entries of the reference catalogs need, whose whole index takes 543 KiB on disk.
const WRITER_MEMORY_BYTES: usize = 50_000_000;

/// A full-text index of catalog entries, each offered by a node.
///
/// Several readers may search one index folder at once, in this process or others. Only one
/// [`SearchIndex::index_items`] call at a time may write to it, because tantivy locks the folder
/// while a writer is open and a second writer fails with [`SearchError::Index`].
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    lexicon: Arc<Lexicon>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SearchIndex")
            .field("entries", &self.reader.searcher().num_docs())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Creates an empty index in the folder `dir`, creating the folder when it is missing.
    ///
    /// # Errors
    /// [`SearchError::IndexExists`] when `dir` already contains an index, [`SearchError::Io`] when
    /// the folder cannot be created, [`SearchError::Dictionary`] when a bundled dictionary is
    /// invalid, and [`SearchError::Index`] for other failures of tantivy.
    pub fn create(dir: impl AsRef<Path>) -> Result<SearchIndex, SearchError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let index = match Index::create_in_dir(dir, build_schema()) {
            Err(TantivyError::IndexAlreadyExists) => {
                return Err(SearchError::IndexExists {
                    path: dir.to_path_buf(),
                });
            }
            result => result?,
        };
        SearchIndex::with_index(index)
    }

    /// Opens the index that [`SearchIndex::create`] made in `dir`. The reader follows commits
    /// that other processes make to the folder within about half a second, because tantivy 0.27
    /// polls the folder every 500 ms.
    ///
    /// # Errors
    /// [`SearchError::IndexMissing`] when `dir` contains no index, [`SearchError::SchemaMismatch`]
    /// when the index was built with other fields (rebuild it), [`SearchError::Dictionary`] when
    /// a bundled dictionary is invalid, and [`SearchError::Index`] for other failures of tantivy.
    pub fn open(dir: impl AsRef<Path>) -> Result<SearchIndex, SearchError> {
        let dir = dir.as_ref();
        let missing = || SearchError::IndexMissing {
            path: dir.to_path_buf(),
        };
        let directory = MmapDirectory::open(dir).map_err(|_| missing())?;
        if !Index::exists(&directory).map_err(TantivyError::from)? {
            return Err(missing());
        }
        let index = Index::open(directory)?;
        if index.schema() != build_schema() {
            return Err(SearchError::SchemaMismatch {
                path: dir.to_path_buf(),
            });
        }
        SearchIndex::with_index(index)
    }

    /// Creates an empty index held in memory, for tests and short-lived tools.
    ///
    /// # Errors
    /// [`SearchError::Dictionary`] when a bundled dictionary is invalid, and
    /// [`SearchError::Index`] for failures of tantivy.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        SearchIndex::with_index(Index::create_in_ram(build_schema()))
    }

    fn with_index(index: Index) -> Result<SearchIndex, SearchError> {
        let lexicon = lexicon()?;
        let tokenizer = JiebaSearchTokenizer::new(Arc::clone(&lexicon));
        index
            .tokenizers()
            .register(TOKENIZER_NAME, TextAnalyzer::from(tokenizer));
        let fields = Fields::resolve(&index.schema()).ok_or_else(|| {
            TantivyError::SchemaError("the catalog fields are missing".to_owned())
        })?;
        let reader = index.reader()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            lexicon,
        })
    }

    /// Adds each entry with the id of the node that offers it, and returns how many were added.
    /// An entry already in the index with the same node, source and record id is replaced, so
    /// indexing a catalog again leaves one document per entry. The batch is committed as a
    /// whole: after an error, none of it is in the index.
    ///
    /// # Errors
    /// As [`SearchIndex::index_offers`].
    pub fn index_items<'a, I>(&mut self, items: I) -> Result<usize, SearchError>
    where
        I: IntoIterator<Item = (&'a ServiceItem, &'a str)>,
    {
        self.index_offers(items.into_iter().map(|(item, node)| Offer::new(item, node)))
    }

    /// Adds each offer and returns how many were added. An offer already in the index with the
    /// same node, source, record id and offer id is replaced. The batch is committed as a whole:
    /// after an error, none of it is in the index.
    ///
    /// # Errors
    /// [`SearchError::NodeId`] for a node id that breaks the node id rule, and
    /// [`SearchError::Index`] when tantivy cannot write, for example because another writer
    /// has locked the folder.
    pub fn index_offers<'a, I>(&mut self, offers: I) -> Result<usize, SearchError>
    where
        I: IntoIterator<Item = Offer<'a>>,
    {
        let mut writer: IndexWriter<TantivyDocument> =
            self.index.writer_with_num_threads(1, WRITER_MEMORY_BYTES)?;
        let mut added = 0;
        for offer in offers {
            check_node_id(offer.node).map_err(|source| SearchError::NodeId { source })?;
            let key = doc_key(&offer);
            // Deletes apply to documents added before them, including earlier ones of this
            // batch, so the entry's last occurrence wins.
            writer.delete_term(Term::from_field_text(self.fields.doc_key, &key));
            writer.add_document(to_document(&self.fields, &offer))?;
            added += 1;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(added)
    }

    /// Returns the number of entries in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Returns whether the index has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs `query` and returns one page of hits with the total.
    ///
    /// # Errors
    /// The errors of [`Query::validate`] for a query that breaks a limit, and
    /// [`SearchError::Index`] when tantivy cannot read the index.
    pub fn search(&self, query: &Query) -> Result<SearchResults, SearchError> {
        query.validate()?;
        let searcher = self.reader.searcher();
        let page = TopDocs::with_limit(query.limit).and_offset(query.offset);
        match compile(&self.lexicon, &self.fields, query) {
            Compiled::Nothing => Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
            }),
            Compiled::Listing(listing) => {
                let collector = page.order_by_string_fast_field(DOC_KEY, Order::Asc);
                let (top, total) = searcher.search(&*listing, &(collector, Count))?;
                let hits = top
                    .into_iter()
                    .map(|(_, address)| self.hit(&searcher, address, 0.0, None))
                    .collect::<Result<_, _>>()?;
                Ok(SearchResults { total, hits })
            }
            Compiled::Scored(scored) => {
                let (top, total) = searcher.search(&*scored, &(page.order_by_score(), Count))?;
                let highlighter =
                    Highlighter::new(&searcher, &*scored, &self.fields, &self.lexicon)?;
                let hits = top
                    .into_iter()
                    .map(|(score, address)| self.hit(&searcher, address, score, Some(&highlighter)))
                    .collect::<Result<_, _>>()?;
                Ok(SearchResults { total, hits })
            }
        }
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: tantivy::DocAddress,
        score: f32,
        highlighter: Option<&Highlighter>,
    ) -> Result<Hit, SearchError> {
        let document: TantivyDocument = searcher.doc(address)?;
        Ok(to_hit(&self.fields, &document, score, highlighter))
    }
}

//! Loading many lists into one store: one named graph per list, idempotent (a re-ingested
//! file replaces its graph) and atomic per list (a list that fails leaves the store as it
//! was, and the others still load).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::extract::Model;
use crate::store::{DutyStore, Source};

/// What happened to one file.
#[derive(Debug)]
pub enum Outcome {
    Loaded { graph: String, quads: usize },
    Failed(Error),
}

/// The result of an ingest run.
#[derive(Debug, Default)]
pub struct Summary {
    /// (file, outcome), in the order the files were given/found.
    pub files: Vec<(String, Outcome)>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn loaded(&self) -> usize {
        self.files
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Loaded { .. }))
            .count()
    }

    pub fn quads(&self) -> usize {
        self.files
            .iter()
            .map(|(_, o)| match o {
                Outcome::Loaded { quads, .. } => *quads,
                Outcome::Failed(_) => 0,
            })
            .sum()
    }

    pub fn failures(&self) -> impl Iterator<Item = (&str, &Error)> {
        self.files.iter().filter_map(|(f, o)| match o {
            Outcome::Failed(e) => Some((f.as_str(), e)),
            Outcome::Loaded { .. } => None,
        })
    }
}

/// What a walked directory contributes: the formats lists are published in, and the old
/// binary Word formats, which are then refused one by one with the conversion to run rather
/// than skipped without a word.
const LIST_EXTENSIONS: &[&str] = &[
    "txt", "text", "html", "htm", "xhtml", "docx", "pdf", "doc", "wps",
];

/// The files to ingest: files as given, directories walked for lists by extension
/// ([`LIST_EXTENSIONS`], any case), each set sorted.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in walkdir::WalkDir::new(path).follow_links(true) {
                let entry = entry.map_err(|e| {
                    let at = e.path().unwrap_or(path).display().to_string();
                    Error::io(at, std::io::Error::other(e.to_string()))
                })?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| {
                        LIST_EXTENSIONS
                            .iter()
                            .any(|known| e.eq_ignore_ascii_case(known))
                    })
                {
                    found.push(entry.into_path());
                }
            }
            found.sort();
            out.extend(found);
        } else if path.exists() {
            out.push(path.clone());
        } else {
            return Err(Error::io(
                path.display().to_string(),
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            ));
        }
    }
    Ok(out)
}

/// Writes the pending lists ([`DutyStore::add_all`]) and records their outcomes.
fn write(
    store: &mut DutyStore,
    pending: &mut Vec<(usize, Model)>,
    record: &mut dyn FnMut(usize, Outcome),
) {
    let (indexes, models): (Vec<usize>, Vec<Model>) = pending.drain(..).unzip();
    let results = store.add_all(&models);
    for ((index, model), result) in indexes.into_iter().zip(&models).zip(results) {
        record(
            index,
            match result {
                Ok(quads) => Outcome::Loaded {
                    graph: crate::rdf::Iris::new(&model.document.id)
                        .document()
                        .as_str()
                        .to_owned(),
                    quads,
                },
                Err(e) => Outcome::Failed(e),
            },
        );
    }
}

/// Reads, parses and extracts one file.
fn model(store_taxonomy: &std::sync::Arc<crate::extract::Taxonomy>, path: &Path) -> Result<Model> {
    Source::read(path)?.model(store_taxonomy.clone())
}

/// How many parsed lists are written together (see [`DutyStore::add_all`]: each list stays
/// atomic; on disk, new lists share one bulk commit, fewer and larger files for RocksDB to
/// compact).
pub const GROUP: usize = 128;

/// Ingests the files: parsing and extraction run as jobs on the pool while this thread
/// writes the lists, [`GROUP`] at a time, each atomically ([`DutyStore::add_all`]).
/// `progress` is called once per file.
pub fn ingest(
    store: &mut DutyStore,
    files: &[PathBuf],
    progress: &mut dyn FnMut(&Path, &Outcome),
) -> Summary {
    let started = Instant::now();
    // As many parse workers as cores: the writer spends much of its time in RocksDB's
    // I/O, and the channel holds a group ahead, so parsing goes on during a commit.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let taxonomy = store.taxonomy().clone();
    let mut outcomes: Vec<Option<Outcome>> = (0..files.len()).map(|_| None).collect();
    rayon::in_place_scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, Result<Model>)>(GROUP);
        for worker in 0..workers {
            let sender = sender.clone();
            let taxonomy = taxonomy.clone();
            scope.spawn(move |_| {
                for (index, path) in files.iter().enumerate().skip(worker).step_by(workers) {
                    if sender.send((index, model(&taxonomy, path))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut pending: Vec<(usize, Model)> = Vec::with_capacity(GROUP);
        let mut record = |index: usize, outcome: Outcome| {
            progress(&files[index], &outcome);
            outcomes[index] = Some(outcome);
        };
        for (index, parsed) in receiver {
            match parsed {
                Ok(model) => {
                    pending.push((index, model));
                    if pending.len() >= GROUP {
                        write(store, &mut pending, &mut record);
                    }
                }
                Err(e) => record(index, Outcome::Failed(e)),
            }
        }
        write(store, &mut pending, &mut record);
    });
    Summary {
        files: files
            .iter()
            .zip(outcomes)
            .map(|(f, o)| {
                (
                    f.display().to_string(),
                    o.unwrap_or_else(|| {
                        Outcome::Failed(Error::Usage("the worker reading this file stopped".into()))
                    }),
                )
            })
            .collect(),
        elapsed: started.elapsed(),
    }
}

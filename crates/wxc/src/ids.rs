//! Where ids come from: arguments and `--ids-from`, read lazily, checked and
//! de-duplicated.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// The longest id accepted. Real Webex ids are about 80 characters; the cap
/// only keeps a garbage line from becoming a huge URL.
pub(crate) const MAX_ID_LEN: usize = 512;

/// Checks that `id` looks like a Webex id (unpadded base64 of a
/// `ciscospark://` URI) without decoding it: ids are opaque, but a line with a
/// space, a comma or a path in it is certainly a mistake in the input file,
/// better reported than sent.
pub(crate) fn validate(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the id is empty".to_owned());
    }
    if id.len() > MAX_ID_LEN {
        // A cut line's own length, not its shown start's.
        let length = cut_length(id).unwrap_or(id.len());
        return Err(format!(
            "the id is {length} bytes long, more than the {MAX_ID_LEN} a Webex id can be"
        ));
    }
    if let Some((at, c)) = id
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')))
    {
        return Err(format!(
            "not a Webex id: {c:?} at byte {at}; Webex ids are base64 strings such as Y2lzY29zcGFyazovL3VzL1BFT1BMRS8..."
        ));
    }
    Ok(())
}

/// Checks a push-to-talk member's id: a well-formed id that names a
/// person, a workspace or a virtual line (a member is never a location or
/// an organization). An id that does not decode at all is most likely a
/// typo, which Webex would only report as the target's failure, after
/// other targets had changed; `opaque_ok` (`--allow-unknown-values`) sends
/// it as it is, since Webex calls its ids opaque.
pub(crate) fn validate_member(id: &str, opaque_ok: bool) -> Result<(), String> {
    validate(id)?;
    match webex_calling::Kind::resolve(id, None) {
        Ok(_) => Ok(()),
        Err(error @ webex_calling::KindError::NotATarget { .. }) => Err(error.to_string()),
        Err(webex_calling::KindError::Unknown) if opaque_ok => Ok(()),
        Err(error) => Err(format!(
            "{error}; check the id, or pass --allow-unknown-values to send it as it is \
             (Webex calls its ids opaque)"
        )),
    }
}

/// Where a duplicate was found, for the warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The n-th id argument (1-based).
    Argument(usize),
    /// A line of the ids file (1-based).
    Line(u64),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Argument(n) => write!(f, "argument {n}"),
            Self::Line(n) => write!(f, "line {n}"),
        }
    }
}

/// What the reader found, once it is done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ReadTotals {
    /// Distinct ids handed on.
    pub(crate) ids: u64,
    /// Ids skipped because they were seen before.
    pub(crate) duplicates: u64,
}

/// The ids of one run: the arguments, then the lines of `--ids-from`.
#[derive(Debug)]
pub(crate) struct IdSource {
    args: Vec<String>,
    input: Option<Input>,
}

#[derive(Debug)]
enum Input {
    Stdin,
    File(PathBuf, File),
}

/// `--ids-from` could not be opened.
#[derive(Debug, thiserror::Error)]
#[error("cannot read ids from {path}: {source}")]
pub(crate) struct OpenError {
    path: String,
    #[source]
    source: io::Error,
}

impl IdSource {
    /// Opens `--ids-from` now, so a wrong path is a usage error before any
    /// request is made.
    pub(crate) fn open(args: Vec<String>, ids_from: Option<&Path>) -> Result<Self, OpenError> {
        let input = match ids_from {
            None => None,
            Some(path) if path.as_os_str() == "-" => Some(Input::Stdin),
            Some(path) => {
                let fail = |source| OpenError {
                    path: path.display().to_string(),
                    source,
                };
                let file = File::open(path).map_err(fail)?;
                // A directory opens on Unix but fails at the first read,
                // which would be reported without its path, after the start.
                if file.metadata().is_ok_and(|m| m.is_dir()) {
                    return Err(fail(io::Error::other(
                        "it is a directory; give a file of ids, one per line",
                    )));
                }
                Some(Input::File(path.to_owned(), file))
            }
        };
        Ok(Self { args, input })
    }

    /// Whether no ids were given at all (neither arguments nor a file).
    pub(crate) fn is_unspecified(&self) -> bool {
        self.args.is_empty() && self.input.is_none()
    }

    /// Whether ids come from a terminal, where reading on after Ctrl-C would
    /// block until the user types more.
    pub(crate) fn reads_terminal(&self) -> bool {
        matches!(self.input, Some(Input::Stdin)) && io::stdin().is_terminal()
    }

    /// How many ids there will be at most (duplicates included), when that is
    /// cheap to know: stdin cannot be read twice, a file can.
    ///
    /// Only a regular file is counted, by opening it a second time: a pipe,
    /// a FIFO or `<(cmd)` can be read once, and that read belongs to the run.
    pub(crate) fn count_hint(&self) -> Option<u64> {
        let from_input = match &self.input {
            None => 0,
            Some(Input::Stdin) => return None,
            Some(Input::File(path, file)) => {
                if !file.metadata().ok()?.file_type().is_file() {
                    return None;
                }
                count_ids(File::open(path).ok()?).ok()?
            }
        };
        Some(self.args.len() as u64 + from_input)
    }

    /// Reads all ids on a thread of its own, sending the distinct ones to
    /// `tx` in batches (the channel's capacity bounds how far the reader runs
    /// ahead) and telling `on_duplicate` about the others. The thread ends at
    /// the end of the input or when `tx` is closed.
    ///
    /// Batches, because waking the async side once per id costs more than
    /// the request itself on a fast server. A batch also goes out whenever
    /// the input has nothing more buffered, so ids typed or piped in slowly
    /// are not held back.
    pub(crate) fn spawn<P: Send + 'static>(
        self,
        tx: mpsc::Sender<Batch<P>>,
        on_duplicate: impl Fn(&str, Origin) + Send + 'static,
    ) -> std::thread::JoinHandle<io::Result<ReadTotals>> {
        std::thread::spawn(move || {
            let mut sender = Batcher {
                tx,
                batch: Vec::with_capacity(BATCH),
                dedup: Dedup::default(),
                totals: ReadTotals::default(),
                on_duplicate,
            };
            for (n, arg) in self.args.iter().enumerate() {
                if !sender.add(arg.trim(), Origin::Argument(n + 1)) {
                    return Ok(sender.totals);
                }
            }
            let read: Box<dyn Read> = match self.input {
                None => {
                    sender.flush();
                    return Ok(sender.totals);
                }
                Some(Input::Stdin) => Box::new(io::stdin()),
                Some(Input::File(_, file)) => Box::new(file),
            };
            let mut lines = Lines::new(read);
            loop {
                if lines.would_block() && !sender.flush() {
                    return Ok(sender.totals);
                }
                match lines.next_id() {
                    Ok(Some((number, line))) => {
                        if !sender.add(&line, Origin::Line(number)) {
                            return Ok(sender.totals);
                        }
                    }
                    Ok(None) => break,
                    Err(error) => {
                        // What was read is still processed before the error is reported.
                        sender.flush();
                        return Err(error);
                    }
                }
            }
            sender.flush();
            Ok(sender.totals)
        })
    }
}

/// One target for the run: its id, its kind when the source knows it (a
/// listing or a snapshot does; an ids file does not), and what the source
/// wants of it (`apply`: the row's desired state).
#[derive(Debug)]
pub(crate) struct Entry<P> {
    pub(crate) id: String,
    pub(crate) kind: Option<webex_calling::Kind>,
    pub(crate) payload: Option<P>,
}

// Derived, it would require `P: Clone` only through the derive's bound, which
// is what this says; written out so the bound is visible.
impl<P: Clone> Clone for Entry<P> {
    fn clone(&self) -> Self {
        Self {
            id: self.id.clone(),
            kind: self.kind,
            payload: self.payload.clone(),
        }
    }
}

impl<P> Entry<P> {
    /// An entry for an id alone.
    pub(crate) fn id(id: String, kind: Option<webex_calling::Kind>) -> Self {
        Self {
            id,
            kind,
            payload: None,
        }
    }
}

/// Entries handed on together.
pub(crate) type Batch<P> = Vec<Entry<P>>;

/// The entries read but not yet handed to the client.
pub(crate) struct IdQueue<P> {
    pub(crate) rx: mpsc::Receiver<Batch<P>>,
    pub(crate) pending: std::vec::IntoIter<Entry<P>>,
}

impl<P> IdQueue<P> {
    pub(crate) fn poll_next(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Entry<P>>> {
        loop {
            if let Some(entry) = self.pending.next() {
                return std::task::Poll::Ready(Some(entry));
            }
            match std::task::ready!(self.rx.poll_recv(cx)) {
                Some(batch) => self.pending = batch.into_iter(),
                None => return std::task::Poll::Ready(None),
            }
        }
    }
}

/// The longest input line kept; a longer one is an invalid id, shown cut.
const MAX_LINE: usize = 4096;

/// How a line too long to keep stands for itself: its start and its length.
fn cut_line(start: &str, length: usize) -> String {
    format!("{start}… ({length} bytes)")
}

/// The length of the line [`cut_line`] made `id` of, if it did.
fn cut_length(id: &str) -> Option<usize> {
    let (_, length) = id.strip_suffix(" bytes)")?.rsplit_once("… (")?;
    length.parse().ok().filter(|&length| length > MAX_LINE)
}

/// Ids per batch handed from the reader thread to the requests.
const BATCH: usize = 256;

struct Batcher<F, P> {
    tx: mpsc::Sender<Batch<P>>,
    batch: Batch<P>,
    dedup: Dedup,
    totals: ReadTotals,
    on_duplicate: F,
}

impl<F: Fn(&str, Origin), P> Batcher<F, P> {
    /// Queues `id` unless it is a duplicate; false once nobody listens.
    fn add(&mut self, id: &str, origin: Origin) -> bool {
        if !self.dedup.first_time(id) {
            self.totals.duplicates += 1;
            (self.on_duplicate)(id, origin);
            return true;
        }
        self.totals.ids += 1;
        // The kind is decoded from the id later (or forced with --kind).
        self.batch.push(Entry::id(id.to_owned(), None));
        self.batch.len() < BATCH || self.flush()
    }

    /// Sends the batch; false once nobody listens.
    fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return !self.tx.is_closed();
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.tx.blocking_send(batch).is_ok()
    }
}

/// Counts the id lines of a file without keeping them.
fn count_ids(read: impl Read) -> io::Result<u64> {
    let mut lines = Lines::new(read);
    let mut n = 0;
    while lines.next_id()?.is_some() {
        n += 1;
    }
    Ok(n)
}

/// Lines of an ids file, with blank lines and `#` comments dropped and
/// whitespace (including a Windows `\r` and a UTF-8 byte-order mark) trimmed.
struct Lines<R> {
    read: BufReader<R>,
    buf: Vec<u8>,
    number: u64,
}

impl<R: Read> Lines<R> {
    fn new(read: R) -> Self {
        Self {
            read: BufReader::with_capacity(64 * 1024, read),
            buf: Vec::with_capacity(128),
            number: 0,
        }
    }

    /// Whether the next read has to go to the input (and may wait for it).
    fn would_block(&self) -> bool {
        self.read.buffer().is_empty()
    }

    /// The next id line and its 1-based line number.
    fn next_id(&mut self) -> io::Result<Option<(u64, String)>> {
        loop {
            self.buf.clear();
            let Some(length) = self.read_line()? else {
                return Ok(None);
            };
            self.number += 1;
            // Invalid UTF-8 is kept (lossily) rather than fatal, so the line
            // still gets its own failed record instead of stopping the run.
            let text = String::from_utf8_lossy(&self.buf);
            let text = text.trim_start_matches('\u{feff}').trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            if length > MAX_LINE {
                // Not an id; its record names its start and its length.
                return Ok(Some((self.number, cut_line(text, length))));
            }
            return Ok(Some((self.number, text.to_owned())));
        }
    }

    /// Reads one line into `buf`, keeping at most `MAX_LINE` bytes of it (a
    /// 200 MB line must not become 200 MB of memory); the line's full length,
    /// or `None` at the end of the input.
    fn read_line(&mut self) -> io::Result<Option<usize>> {
        let mut length = 0;
        loop {
            let chunk = match self.read.fill_buf() {
                Ok(chunk) => chunk,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if chunk.is_empty() {
                return Ok((length > 0).then_some(length));
            }
            let (line, used, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(end) => (&chunk[..end], end + 1, true),
                None => (chunk, chunk.len(), false),
            };
            let room = MAX_LINE.saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&line[..line.len().min(room)]);
            length += line.len();
            self.read.consume(used);
            if done {
                return Ok(Some(length));
            }
        }
    }
}

/// Remembers the ids seen so far as 128-bit hashes: 16 bytes per id instead of
/// the id itself keeps 200,000 ids in a few MiB. Two independent 64-bit
/// SipHashes make a false "duplicate" astronomically unlikely (about 1e-29
/// for a million ids).
#[derive(Default)]
struct Dedup {
    seen: HashSet<u128>,
}

impl Dedup {
    fn first_time(&mut self, id: &str) -> bool {
        self.seen.insert(fingerprint(id))
    }
}

fn fingerprint(id: &str) -> u128 {
    webex_calling::fingerprint(id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn lines_skip_blanks_comments_and_trim() {
        let input = "\u{feff}AAA\r\n\n   \n# comment\n  BBB  \n#x\nCCC";
        let mut lines = Lines::new(input.as_bytes());
        let mut got = Vec::new();
        while let Some(line) = lines.next_id().unwrap() {
            got.push(line);
        }
        assert_eq!(
            got,
            vec![
                (1, "AAA".to_owned()),
                (5, "BBB".to_owned()),
                (7, "CCC".to_owned())
            ]
        );
        assert_eq!(count_ids(input.as_bytes()).unwrap(), 3);
    }

    #[test]
    fn a_huge_line_is_cut_and_its_length_kept() {
        let input = format!("AAA\n{}\nBBB", "x".repeat(1_000_000));
        let mut lines = Lines::new(input.as_bytes());
        assert_eq!(lines.next_id().unwrap(), Some((1, "AAA".to_owned())));
        let (number, long) = lines.next_id().unwrap().unwrap();
        assert_eq!(number, 2);
        assert!(long.len() < MAX_LINE + 64, "{}", long.len());
        assert!(
            long.ends_with("… (1000000 bytes)"),
            "{}",
            &long[long.len() - 40..]
        );
        assert_eq!(
            validate(&long),
            Err("the id is 1000000 bytes long, more than the 512 a Webex id can be".to_owned()),
            "the line's length, not its shown start's"
        );
        assert_eq!(lines.next_id().unwrap(), Some((3, "BBB".to_owned())));
        assert_eq!(lines.next_id().unwrap(), None);
    }

    #[test]
    fn a_pipe_is_not_counted_so_its_ids_are_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        if !status.is_ok_and(|s| s.success()) {
            assert!(std::env::var("CI").is_err(), "mkfifo is needed under CI");
            eprintln!("SKIPPED: mkfifo is not available here");
            return;
        }
        let writer_path = path.clone();
        let writer = std::thread::spawn(move || std::fs::write(writer_path, "A\nB\n"));
        let source = IdSource::open(vec![], Some(&path)).unwrap();
        assert_eq!(source.count_hint(), None, "a FIFO is not counted");
        let (tx, mut rx) = mpsc::channel::<Batch<()>>(4);
        let handle = source.spawn(tx, |_, _| {});
        let mut got = Vec::new();
        while let Some(batch) = rx.blocking_recv() {
            got.extend(batch.into_iter().map(|entry| entry.id));
        }
        handle.join().unwrap().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(got, ["A", "B"]);
    }

    #[test]
    fn dedup_by_fingerprint() {
        let mut dedup = Dedup::default();
        assert!(dedup.first_time("A"));
        assert!(dedup.first_time("B"));
        assert!(!dedup.first_time("A"));
        assert_ne!(fingerprint("A"), fingerprint("B"));
    }

    #[test]
    fn validation() {
        assert!(
            validate(
                "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMWEzZjk5MC1hNjg5LTQ3N2QtYmU2Yi03MTIwMDI1ZDhhYmI"
            )
            .is_ok()
        );
        assert!(validate("abc+/=-_").is_ok());
        for bad in ["", "a b", "a,b", "../etc", "x?y=1", "é"] {
            assert!(validate(bad).is_err(), "{bad}");
        }
        assert!(validate(&"a".repeat(MAX_ID_LEN + 1)).is_err());
    }

    #[tokio::test]
    async fn spawn_dedups_and_reports() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.txt");
        std::fs::write(&path, "B\n# c\nA\nC\nB\n").unwrap();
        let source = IdSource::open(vec!["A".into(), "D".into()], Some(&path)).unwrap();
        assert_eq!(source.count_hint(), Some(6));
        let (tx, mut rx) = mpsc::channel::<Batch<()>>(2);
        let dups = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = dups.clone();
        let handle = source.spawn(tx, move |id, origin| {
            sink.lock().unwrap().push((id.to_owned(), origin))
        });
        let mut got = Vec::new();
        while let Some(batch) = rx.recv().await {
            got.extend(batch.into_iter().map(|entry| {
                assert_eq!(entry.kind, None);
                entry.id
            }));
        }
        let totals = handle.join().unwrap().unwrap();
        assert_eq!(got, ["A", "D", "B", "C"]);
        assert_eq!(
            totals,
            ReadTotals {
                ids: 4,
                duplicates: 2
            }
        );
        assert_eq!(
            *dups.lock().unwrap(),
            vec![
                ("A".to_owned(), Origin::Line(3)),
                ("B".to_owned(), Origin::Line(5))
            ]
        );
    }
}

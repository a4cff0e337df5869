//! Error reporting in the style of `error-stack`: a typed context plus the
//! trail of contexts and notes it replaced.

use std::fmt;

/// Anything printable and thread-safe can be the context of a [`Report`].
pub trait Context: fmt::Display + fmt::Debug + Send + Sync + 'static {}

impl<T: fmt::Display + fmt::Debug + Send + Sync + 'static> Context for T {}

/// An error of type `C`, remembering what it was before each conversion.
pub struct Report<C> {
    context: C,
    trail: Vec<String>,
}

impl<C: Context> Report<C> {
    /// Starts a report from an error value.
    pub fn new(context: C) -> Self {
        Self {
            context,
            trail: Vec::new(),
        }
    }

    /// The error the report currently stands for.
    pub fn current_context(&self) -> &C {
        &self.context
    }

    /// Replaces the context, keeping the old one in the trail.
    pub fn change_context<D: Context>(mut self, context: D) -> Report<D> {
        self.trail.push(self.context.to_string());
        Report {
            context,
            trail: self.trail,
        }
    }

    /// Adds a human-readable note.
    pub fn attach_printable(mut self, note: impl fmt::Display) -> Self {
        self.trail.push(note.to_string());
        self
    }
}

impl<C: Context> From<C> for Report<C> {
    fn from(context: C) -> Self {
        Self::new(context)
    }
}

impl<C: fmt::Debug> fmt::Debug for Report<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.context)?;
        for note in self.trail.iter().rev() {
            write!(f, "\n  caused by: {note}")?;
        }
        Ok(())
    }
}

impl<C: fmt::Display> fmt::Display for Report<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.context, f)
    }
}

/// Result whose error is a [`Report`] of `E`.
pub type CustomResult<T, E> = Result<T, Report<E>>;

/// Conversions on results that carry a [`Report`].
pub trait ResultExt {
    /// The success type.
    type Ok;

    /// Converts the error into a report of a new context.
    fn change_context<D: Context>(self, context: D) -> Result<Self::Ok, Report<D>>;

    /// Attaches a note to the error, if any.
    fn attach_printable(self, note: impl fmt::Display) -> Self;
}

impl<T, C: Context> ResultExt for Result<T, Report<C>> {
    type Ok = T;

    fn change_context<D: Context>(self, context: D) -> Result<T, Report<D>> {
        self.map_err(|report| report.change_context(context))
    }

    fn attach_printable(self, note: impl fmt::Display) -> Self {
        self.map_err(|report| report.attach_printable(note))
    }
}

/// Wraps an error value in a [`Report`]: `Err(report!(SomeError))`.
#[macro_export]
macro_rules! report {
    ($error:expr $(,)?) => {
        $crate::errors::Report::new($error)
    };
}

/// Failures while parsing or converting data.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsingError {
    StructParseFailure(&'static str),
    InvalidAmount(String),
    IntegerOverflow,
}

impl fmt::Display for ParsingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StructParseFailure(name) => write!(f, "failed to parse {name}"),
            Self::InvalidAmount(amount) => write!(f, "invalid amount `{amount}`"),
            Self::IntegerOverflow => f.write_str("integer overflow"),
        }
    }
}

/// Failures while validating input.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidationError {
    MissingRequiredField { field_name: String },
    InvalidValue { message: String },
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingRequiredField { field_name } => write!(f, "missing field {field_name}"),
            Self::InvalidValue { message } => f.write_str(message),
        }
    }
}

"""Course logic shared by the build, the tests and the browser (via Pyodide)."""

from course.errors import ContentError
from course.quiz import Option, Question, Quiz, grade_quiz, parse_quiz

__version__ = "0.1.0"

__all__ = [
    "ContentError",
    "Option",
    "Question",
    "Quiz",
    "grade_quiz",
    "parse_quiz",
    "__version__",
]

"""Course logic shared by the build, the tests and the browser (via Pyodide)."""

from course.errors import ContentError
from course.quiz import Option, Question, Quiz, grade_quiz, parse_quiz
from course.self_assessment import SelfAssessment, parse_self_assessment, profile
from course.stage_map import StageMap, grade_stage_map, parse_stage_map

__version__ = "0.1.0"

__all__ = [
    "ContentError",
    "Option",
    "Question",
    "Quiz",
    "SelfAssessment",
    "StageMap",
    "grade_quiz",
    "grade_stage_map",
    "parse_quiz",
    "parse_self_assessment",
    "parse_stage_map",
    "profile",
    "__version__",
]

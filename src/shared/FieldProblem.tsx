/**
 * Why a form field cannot be saved, said beside it: the field is marked invalid and described by the sentence first,
 * then by its usual hint.
 */

/** The field's attributes: `problemId` names the sentence, `hintId` the hint the field always has. */
export function problemAttributes(problemId: string, problem: string | undefined, hintId: string) {
  return { 'aria-invalid': problem ? true : undefined, 'aria-describedby': problem ? `${problemId} ${hintId}` : hintId };
}

export function FieldProblem({ id, problem }: { id: string; problem: string | undefined }) {
  return problem ? (
    <p id={id} className="bad">
      {problem}
    </p>
  ) : null;
}

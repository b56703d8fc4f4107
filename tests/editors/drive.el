;;; drive.el --- drives Emacs's eglot for tests/test_editors.py  -*- lexical-binding: t -*-
;; emacs --batch -l drive.el, with RL_CONFIG (the README's eglot configuration, loaded as
;; a user's init file would be), RL_REPORT (the report to open), RL_CODE (the finding to hover
;; and suppress), RL_ACTION (the title the code-action menu picks) and RL_OUT (the JSON).
(require 'json)
(require 'seq)
(package-initialize)  ; what an interactive start does after the init file; --batch skips it
(load (getenv "RL_CONFIG") nil t)
(require 'eglot)

(defvar rl-out nil)

(defun rl-wait (predicate seconds)
  "Run timers and process output until PREDICATE holds or SECONDS pass.
Batch Emacs is never idle, so idle timers (eglot sends its changes on one) are run here."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (dolist (timer (copy-sequence timer-idle-list))
        (timer-event-handler timer)))
    (funcall predicate)))

(defun rl-lsp (diagnostic)
  (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diagnostic)))

(defun rl-diagnostics ()
  (mapcar (lambda (d)
            (let ((lsp (rl-lsp d)) (beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
              `((code . ,(plist-get lsp :code))
                (severity . ,(plist-get lsp :severity))
                (message . ,(plist-get lsp :message))
                (href . ,(plist-get (plist-get lsp :codeDescription) :href))
                (lsp_range . ,(plist-get lsp :range))  ; eglot widens an empty range to show it
                (line . ,(line-number-at-pos beg t))
                (column . ,(save-excursion (goto-char beg) (- beg (line-beginning-position))))
                (end_line . ,(line-number-at-pos end t))
                (end_column . ,(save-excursion (goto-char end) (- end (line-beginning-position)))))))
          (flymake-diagnostics)))

(defun rl-target ()
  (seq-find (lambda (d) (equal (plist-get (rl-lsp d) :code) (getenv "RL_CODE"))) (flymake-diagnostics)))

(defun rl-run ()
  (find-file (getenv "RL_REPORT"))
  (push `(mode . ,(symbol-name major-mode)) rl-out)
  (call-interactively #'eglot)  ; M-x eglot
  (unless (rl-wait #'flymake-diagnostics 60) (error "No diagnostics were published"))
  (push `(diagnostics . ,(vconcat (rl-diagnostics))) rl-out)
  (let* ((target (or (rl-target) (error "No %s diagnostic" (getenv "RL_CODE"))))
         (line (line-number-at-pos (flymake-diagnostic-beg target) t))
         (hover nil)
         (titles nil))
    ;; hover: what eldoc shows at point
    (goto-char (flymake-diagnostic-beg target))
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover info)))
    (unless (rl-wait (lambda () hover) 30) (error "No hover"))
    (push `(hover . ,(substring-no-properties hover)) rl-out)
    ;; code action: M-x eglot-code-actions, the menu answered with the wanted title
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt items &rest _)
                 (setq titles (mapcar #'car items))
                 (seq-find (lambda (title) (string-prefix-p (getenv "RL_ACTION") title)) titles))))
      (let ((last-nonmenu-event ?\r))  ; a keyboard menu, not a mouse popup
        (eglot-code-actions (flymake-diagnostic-beg target) (flymake-diagnostic-end target) nil t)))
    (push `(actions . ,(vconcat titles)) rl-out)
    (rl-wait (lambda () (not (seq-find (lambda (d) (and (equal (plist-get (rl-lsp d) :code) (getenv "RL_CODE"))
                                                        (= (line-number-at-pos (flymake-diagnostic-beg d) t) line)))
                                       (flymake-diagnostics))))
             30)
    (push `(text . ,(buffer-substring-no-properties (point-min) (point-max))) rl-out)
    (push `(modified . ,(if (buffer-modified-p) t :json-false)) rl-out)
    (push `(after . ,(vconcat (rl-diagnostics))) rl-out)))

(let ((code 0))
  (condition-case problem
      (rl-run)
    (error (push `(error . ,(error-message-string problem)) rl-out) (setq code 1)))
  (with-temp-file (getenv "RL_OUT")
    (insert (json-encode rl-out)))
  (kill-emacs code))
